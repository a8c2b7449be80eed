import Testing

@testable import Lint

/// `ConcurrentWork`: every element handled exactly once, results in input order, whatever the threads did.
struct ConcurrentWorkTests {
    @Test(arguments: [1, 4])
    func mapKeepsInputOrder(concurrency: Int) {
        let numbers = Array(0..<5_000)
        let texts = ConcurrentWork.map(numbers, concurrency: concurrency) { String($0 * 3) }
        #expect(texts == numbers.map { String($0 * 3) })
    }

    @Test(arguments: [1, 4])
    func updateChangesEveryElementOnce(concurrency: Int) {
        var lists = (0..<5_000).map { [$0] }
        ConcurrentWork.update(&lists, concurrency: concurrency) { $0.append($0[0] + 1) }
        #expect(lists == (0..<5_000).map { [$0, $0 + 1] })
    }

    @Test func emptyAndSingleInputs() {
        #expect(ConcurrentWork.map([Int](), concurrency: 4) { $0 }.isEmpty)
        #expect(ConcurrentWork.map(["a"], concurrency: 4) { $0 + "b" } == ["ab"])
    }
}
