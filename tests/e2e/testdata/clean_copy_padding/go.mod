module e2e/clean_copy_padding

go 1.24
