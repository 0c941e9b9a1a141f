module e2e/retain_cxx

go 1.24
