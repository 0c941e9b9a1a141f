module e2e/clean_optnone_wrapper

go 1.24
