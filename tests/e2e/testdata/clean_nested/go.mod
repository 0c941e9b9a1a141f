module e2e/clean_nested

go 1.24
