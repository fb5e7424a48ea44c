// SiraGateway is the wiring module: the top of the request path. It turns a parsed configuration
// into providers, model groups and endpoints, and puts the policies of each chapter at their level:
//
//   HTTP (SiraHTTP) → request pipeline → endpoint → call pipeline → routing → attempt pipeline → provider
//
// Layout:
// - `Wiring/GatewayApp.swift`       the one entry point: configuration, clock, HTTP clients, logger,
//                                   policies → the route table and a server
// - `Wiring/ProviderFactory.swift`  providers of each kind, model groups, the catalog
// - `Calls/ModelCalls.swift`        the call level: catalog lookup, call pipeline, routing at its end
// - `Calls/ResponseFields.swift`    the `x-sira-*` response fields, from the request's report
// - `Endpoints/`                    chat completions, messages, embeddings, models, explain: decode
//                                   the client's format, run the call level, encode the answer
//
// Chapter 10 adds what running in production needs: hot reload, storage, graceful shutdown.
