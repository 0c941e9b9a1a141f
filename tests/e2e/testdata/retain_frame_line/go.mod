module e2e/retain_frame_line

go 1.24
