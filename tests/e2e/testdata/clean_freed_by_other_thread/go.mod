module e2e/clean_freed_by_other_thread

go 1.24
