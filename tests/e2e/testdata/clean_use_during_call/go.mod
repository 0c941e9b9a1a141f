module e2e/clean_use_during_call

go 1.24
