module e2e/peer_c_memory

go 1.24
