module e2e/returned_concurrently

go 1.24
