module e2e/retain_global

go 1.24
