module e2e/uar_element_field

go 1.24
