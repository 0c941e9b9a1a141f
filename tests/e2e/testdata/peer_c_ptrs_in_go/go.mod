module e2e/peer_c_ptrs_in_go

go 1.24
