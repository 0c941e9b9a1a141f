module e2e/retain_realloc

go 1.24
