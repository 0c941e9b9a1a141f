module e2e/retain_noescape_stack

go 1.24
