module e2e/pending_held

go 1.24
