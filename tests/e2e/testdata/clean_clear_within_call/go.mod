module e2e/clean_clear_within_call

go 1.24
