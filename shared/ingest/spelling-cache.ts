/**
 * Remembers the verdict on each spelling of a cell that exports repeat thousands of times (`havo`, `3`), so that
 * each spelling is judged once.
 *
 * The first few spellings are kept in a short list compared with `===`: a Map has to hash every freshly sliced
 * cell before it can look it up, which costs more than comparing it with the handful of spellings a file uses
 * (measured for 100,000 cells of six onderwijssoorten: 3.2 ms for the Map, 1.5 ms for the list, beyond slicing
 * them). Further spellings go to a Map, so a file full of odd values does not make every lookup slow.
 */
export class SpellingCache<V extends NonNullable<unknown> | null> {
  private readonly spellings: string[] = [];
  private readonly verdicts: V[] = [];
  private readonly more = new Map<string, V>();

  /**
   * @param judge the verdict on one spelling; called once per distinct spelling.
   * @param listed how many spellings are compared one by one before the Map takes over.
   */
  constructor(
    private readonly judge: (spelling: string) => V,
    private readonly listed = 8,
  ) {}

  /** The verdict on `spelling`, judged on first sight. */
  get(spelling: string): V {
    const { spellings } = this;
    for (let i = 0; i < spellings.length; i++) {
      if (spellings[i] === spelling) return this.verdicts[i] as V;
    }
    let verdict = this.more.get(spelling);
    if (verdict === undefined) {
      verdict = this.judge(spelling);
      if (spellings.length < this.listed) {
        spellings.push(spelling);
        this.verdicts.push(verdict);
      } else {
        this.more.set(spelling, verdict);
      }
    }
    return verdict;
  }
}
