module e2e/gotest_noisy

go 1.24
