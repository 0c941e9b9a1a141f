module e2e/peer_struct_fields

go 1.24
