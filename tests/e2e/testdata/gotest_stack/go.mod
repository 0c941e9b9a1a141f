module e2e/gotest_stack

go 1.24
