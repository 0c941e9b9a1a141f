module e2e/retain_element_field

go 1.24
