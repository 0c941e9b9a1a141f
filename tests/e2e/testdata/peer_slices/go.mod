module e2e/peer_slices

go 1.24
