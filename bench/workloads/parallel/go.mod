module cgosan.bench/parallel

go 1.24
