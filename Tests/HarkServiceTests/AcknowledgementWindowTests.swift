import Foundation
import HarkService
import Testing

@Suite("acknowledgement window")
struct AcknowledgementWindowTests {
    let t0 = Date(timeIntervalSince1970: 1_790_000_000)

    @Test("a mention is acknowledged only once routing has passed the longest hold")
    func holds() {
        var window = AcknowledgementWindow(hold: 30)
        window.processed(through: 10, count: 10, at: t0)
        window.processed(through: 15, count: 5, at: t0.addingTimeInterval(20))
        #expect(window.heldMentions == 15)
        #expect(window.acknowledgeable(routedThrough: t0.addingTimeInterval(29)) == nil)
        #expect(window.acknowledgeable(routedThrough: t0.addingTimeInterval(30)) == 10)
        #expect(window.heldMentions == 5)
        #expect(window.acknowledgeable(routedThrough: t0.addingTimeInterval(45)) == nil)
        #expect(window.acknowledgeable(routedThrough: t0.addingTimeInterval(60)) == 15)
        #expect(window.heldBatches == 0)
    }

    @Test("without routes nothing waits, so everything processed may go at once")
    func noHold() {
        var window = AcknowledgementWindow(hold: 0)
        window.processed(through: 3, count: 3, at: t0)
        #expect(window.acknowledgeable(routedThrough: t0) == 3)
    }

    @Test("releasing all (groups sent early on reload) returns the last sequence and takes the new hold")
    func release() {
        var window = AcknowledgementWindow(hold: 300)
        window.processed(through: 7, count: 7, at: t0)
        window.processed(through: 9, count: 2, at: t0)
        #expect(window.releaseAll(newHold: 5) == 9)
        #expect(window.hold == 5)
        #expect(window.heldMentions == 0)
        #expect(window.releaseAll(newHold: 5) == nil)
    }
}
