// The entry point. Before anything asynchronous runs, SwiftNIO's event loops become Swift's global
// executor (unless `SIRA_NIO_EXECUTOR=0`): a request's tasks then run on the thread that owns its
// connection instead of hopping to a second thread pool and back. `SIRA_THREADS` sets how many
// event loops (threads) serve connections; the default is one per core.

import NIOCore
import NIOPosix

@main
enum Main {
    static func main() async {
        if let threads = Environment.string("SIRA_THREADS").flatMap(Int.init), threads > 0 {
            NIOSingletons.groupLoopCountSuggestion = threads
        }
        if Environment.nioExecutor {
            _ = NIOSingletons.unsafeTryInstallSingletonPosixEventLoopGroupAsConcurrencyGlobalExecutor()
        }
        await SiraCommand.main()
    }
}
