module e2e/clean_locals_only

go 1.24
