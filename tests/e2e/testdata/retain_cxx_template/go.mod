module e2e/retain_cxx_template

go 1.24
