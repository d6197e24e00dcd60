-- Reference data: the vulnerable occupations Disnaker targets and the kecamatan of Kota Semarang.
-- Kept as data so a new category or a renamed district is a migration, not a code change.

CREATE TABLE occupations (
    code       text PRIMARY KEY,
    name_id    text    NOT NULL,   -- Indonesian name as Disnaker uses it
    name_en    text    NOT NULL,
    sort_order integer NOT NULL
);

INSERT INTO occupations (code, name_id, name_en, sort_order) VALUES
    ('tukang-becak',              'Tukang becak',               'Pedicab driver',                      1),
    ('sopir-angkot',              'Sopir angkot',               'Minibus (angkot) driver',             2),
    ('pengemudi-ojek',            'Pengemudi ojek',             'Motorcycle-taxi driver',              3),
    ('pembantu-rumah-tangga',     'Pembantu rumah tangga',      'Domestic worker',                     4),
    ('pengatur-lalu-lintas',      'Pengatur lalu lintas jalan', 'Informal traffic warden',             5),
    ('juru-jenazah',              'Juru jenazah / modin',       'Corpse washer / funeral officiant',   6),
    ('penggali-kubur',            'Penggali kubur',             'Gravedigger',                         7),
    ('buruh-harian-lepas',        'Buruh harian lepas',         'Casual day labourer',                 8),
    ('pedagang-keliling',         'Pedagang keliling',          'Itinerant vendor',                    9),
    ('pedagang-asongan',          'Pedagang asongan',           'Street hawker',                      10),
    ('pekerja-pabrik-tas',        'Pekerja pabrik tas',         'Bag-workshop worker',                11),
    ('tukang-tambal-ban',         'Tukang tambal ban',          'Tyre-patch repairer',                12),
    ('tukang-sol-sepatu',         'Tukang sol sepatu',          'Shoe repairer',                      13),
    ('pengambil-sampah',          'Pengambil sampah',           'Waste collector',                    14),
    ('pemulung',                  'Pemulung',                   'Scavenger',                          15),
    ('tukang-jahit-keliling',     'Tukang jahit keliling',      'Itinerant tailor',                   16),
    ('petugas-rumah-ibadah',      'Petugas rumah ibadah',       'House-of-worship caretaker',         17),
    ('nelayan',                   'Nelayan',                    'Fisher',                             18),
    ('buruh-tani',                'Buruh tani',                 'Farm labourer',                      19),
    ('petugas-kebersihan-nonupah','Petugas kebersihan nonupah', 'Unpaid cleaner',                     20),
    ('juru-parkir',               'Juru parkir',                'Parking attendant',                  21),
    -- Named by the mayor as covered (seed 000), beyond Disnaker's list.
    ('petani',                    'Petani',                     'Farmer',                             22),
    ('sopir',                     'Sopir',                      'Driver',                             23),
    ('pekerja-serabutan',         'Pekerja serabutan',          'Odd-job worker',                     24);

-- Kemendagri district codes (33.74.xx). Kelurahan (177) are free text until an authoritative list is loaded.
CREATE TABLE kecamatan (
    code text PRIMARY KEY,
    name text NOT NULL UNIQUE
);

INSERT INTO kecamatan (code, name) VALUES
    ('33.74.01', 'Semarang Tengah'),
    ('33.74.02', 'Semarang Utara'),
    ('33.74.03', 'Semarang Timur'),
    ('33.74.04', 'Gayamsari'),
    ('33.74.05', 'Genuk'),
    ('33.74.06', 'Pedurungan'),
    ('33.74.07', 'Semarang Selatan'),
    ('33.74.08', 'Candisari'),
    ('33.74.09', 'Gajahmungkur'),
    ('33.74.10', 'Tembalang'),
    ('33.74.11', 'Banyumanik'),
    ('33.74.12', 'Gunungpati'),
    ('33.74.13', 'Semarang Barat'),
    ('33.74.14', 'Mijen'),
    ('33.74.15', 'Ngaliyan'),
    ('33.74.16', 'Tugu');
