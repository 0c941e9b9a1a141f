module cgosan.bench/callloop

go 1.24
