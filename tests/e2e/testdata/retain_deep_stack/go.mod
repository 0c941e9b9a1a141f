module e2e/retain_deep_stack

go 1.24
