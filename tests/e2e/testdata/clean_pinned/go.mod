module e2e/clean_pinned

go 1.24
