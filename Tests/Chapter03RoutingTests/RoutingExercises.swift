// Exercises 3.1 and 3.2: the two ways a weighted node picks a child.

import SiraRouting
import Testing

@Suite("3.1 Smooth weighted round-robin")
struct SmoothRoundRobinExercises {
    func sequence(_ weights: [Double], _ count: Int) -> [Int] {
        var current = Array(repeating: 0.0, count: weights.count)
        return (0..<count).map { _ in SmoothWeightedRoundRobin.next(current: &current, weights: weights) }
    }

    @Test("3.1 equal weights take turns")
    func equal() {
        #expect(sequence([1, 1, 1], 6) == [0, 1, 2, 0, 1, 2])
    }

    @Test("3.1 weights 5, 1, 1 spread the heavy target out: a a b a c a a")
    func smooth() {
        #expect(sequence([5, 1, 1], 7) == [0, 0, 1, 0, 2, 0, 0])
        #expect(sequence([5, 1, 1], 14) == [0, 0, 1, 0, 2, 0, 0, 0, 0, 1, 0, 2, 0, 0], "and it repeats")
    }

    @Test("3.1 a child with no positive weight takes no turn and keeps its counter")
    func zeroWeight() {
        var current = [0.0, 0.0]
        #expect(SmoothWeightedRoundRobin.next(current: &current, weights: [0, 1]) == 1)
        #expect(current == [0, 0])
        #expect(SmoothWeightedRoundRobin.next(current: &current, weights: [1, 1]) == 0, "its turn is still next")
        var none = [0.0]
        #expect(SmoothWeightedRoundRobin.next(current: &none, weights: [0]) == 0)
    }

    @Test("3.1 over a full cycle each target gets exactly its weight, and the counters return to zero")
    func shares() {
        var current = [0.0, 0.0, 0.0]
        var counts = [0, 0, 0]
        for _ in 0..<10 { counts[SmoothWeightedRoundRobin.next(current: &current, weights: [2, 3, 5])] += 1 }
        #expect(counts == [2, 3, 5])
        #expect(current == [0, 0, 0])
    }
}

@Suite("3.2 A weighted random pick")
struct WeightedPickExercises {
    @Test("3.2 each index owns its share of 0 ..< 1")
    func shares() {
        #expect(WeightedPick.index(weights: [3, 1], unit: 0) == 0)
        #expect(WeightedPick.index(weights: [3, 1], unit: 0.74) == 0)
        #expect(WeightedPick.index(weights: [3, 1], unit: 0.76) == 1)
        #expect(WeightedPick.index(weights: [1, 1, 2], unit: 0.3) == 1)
        #expect(WeightedPick.index(weights: [1, 1, 2], unit: 0.99) == 2)
    }

    @Test("3.2 weights that are not positive never win; all zero picks the first")
    func zeros() {
        #expect(WeightedPick.index(weights: [0, 5, 0], unit: 0.0) == 1)
        #expect(WeightedPick.index(weights: [0, 5, 0], unit: 0.999) == 1)
        #expect(WeightedPick.index(weights: [-2, 1], unit: 0.1) == 1)
        #expect(WeightedPick.index(weights: [0, 0], unit: 0.5) == 0)
    }

    @Test("3.2 over evenly spread units, picks follow the weights")
    func distribution() {
        var counts = [0, 0, 0]
        for step in 0..<1000 { counts[WeightedPick.index(weights: [1, 3, 6], unit: Double(step) / 1000)] += 1 }
        #expect(counts == [100, 300, 600])
    }
}
