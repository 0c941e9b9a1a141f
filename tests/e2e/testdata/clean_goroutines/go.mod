module e2e/clean_goroutines

go 1.24
