module e2e/retain_nested

go 1.24
