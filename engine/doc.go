// Package engine plays ttx exercises: the scenario format and its strict
// loader ([Load]), the exercise state that commands change and events
// record ([New], [Exercise.Apply]), the domain rules of the day ([Rules]),
// each agency's view ([Exercise.View]), scoring from events alone
// ([Scorer], [ScoreEvents]), the bots that play seats ([NewBot],
// [Simulate]), and the tamper-evident debrief log ([LogWriter],
// [LogReader], [Verify]).
//
// The engine is pure and deterministic: it does no I/O, starts no
// goroutines and reads no clock. Exercise time, wall time and the seed come
// in as values, so the same scenario, seed and commands always give the
// same events.
package engine
