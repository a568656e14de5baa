package dev.kew.bench;

/** One part of a bench run: measures its figures and adds their rows and details to a report. */
interface BenchPart {

  void measureInto(Report report) throws Exception;
}
