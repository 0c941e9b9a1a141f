module e2e/clean_nested_cells

go 1.24
