module e2e/clean_deep_nesting

go 1.24
