module e2e/clean_parked

go 1.24
