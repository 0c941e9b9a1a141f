module e2e/returned_go_pointer

go 1.24
