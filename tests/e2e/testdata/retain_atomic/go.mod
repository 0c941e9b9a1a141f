module e2e/retain_atomic

go 1.24
