module e2e/retain_deep_nesting

go 1.24
