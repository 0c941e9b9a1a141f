module e2e/retain_gostring

go 1.24
