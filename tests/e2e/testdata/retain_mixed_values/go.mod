module e2e/retain_mixed_values

go 1.24
