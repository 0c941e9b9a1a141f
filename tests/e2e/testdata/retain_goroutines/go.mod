module e2e/retain_goroutines

go 1.24
