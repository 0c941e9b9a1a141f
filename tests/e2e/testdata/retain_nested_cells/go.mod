module e2e/retain_nested_cells

go 1.24
