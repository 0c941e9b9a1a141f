module e2e/clean_lent_by_other_call

go 1.24
