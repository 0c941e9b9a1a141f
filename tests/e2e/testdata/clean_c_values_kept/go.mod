module e2e/clean_c_values_kept

go 1.24
