module e2e/gotest_multi

go 1.24
