module e2e/clean_handle_kept

go 1.24
