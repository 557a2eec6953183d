import { Column } from 'typeorm';

/**
 * Where an act is written in the civil-status books: the registering commune, the book
 * (quyển số), the entry number in it (số) and the registration date. (commune, book, number)
 * is unique, which is what makes applying the same registration twice a no-op.
 */
export abstract class RegisterEntry {
  @Column({ name: 'registering_commune', type: 'char', length: 5 })
  registeringCommune!: string;

  /** Book identifier, e.g. `01/2024`. */
  @Column({ name: 'book_no', type: 'varchar', length: 20 })
  bookNo!: string;

  @Column({ name: 'entry_no', type: 'integer' })
  entryNo!: number;

  @Column({ name: 'registered_on', type: 'date' })
  registeredOn!: string;
}
