module e2e/clean_element_fields

go 1.24
