module e2e/retain_lent_by_other_call

go 1.24
