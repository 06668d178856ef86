"""Tests of the course, one folder per package (engine, plots, widgets, exercises), the browser
tests (e2e) and the project-wide checks (project).

The guide's account worked by hand, which the tests of every folder check against (a test's own
hand work is in the comment beside it).

The guide's rates: USDT buy 0.99 x (1 - 0.01) = 0.9801, sell 0.99 x (1 + 0.005) = 0.99495;
BUSD 1. Wallet 200 USDT and 220 BUSD; positions long 0.5 BTCUSDT from 20,000 (100x, 0.8%) and
long 20 ETHBUSD from 600 (50x, 1%).

Scenarios 1-3:
- Scenario 1: 200 x 0.9801 + 220 = 196.02 + 220 = 416.02; usable USDT 416.02 / 0.99495
  = 418.1315... -> 418.13; usable BUSD 416.02.
- Scenario 2: MM 0.5 x 20,000 x 0.008 x 0.99495 + 20 x 600 x 0.01 = 79.596 + 120 = 199.596
  -> 199.60; ratio 199.596 / 416.02 = 0.479775 -> 47.98%; IM 10,000 / 100 x 0.99495 + 12,000
  / 50 = 99.495 + 240 = 339.495 -> 339.50; available 416.02 - 339.495 = 76.525 -> 76.53.
- Scenario 3 (BTC 19,000, ETH 620): USDT 200 - 500 = -300 -> x 0.99495 = -298.485; BUSD
  220 + 400 = 620; equity 321.515 -> 321.52; MM 0.5 x 19,000 x 0.008 x 0.99495 + 20 x 620 x
  0.01 = 75.6162 + 124 = 199.6162 -> 199.62; ratio 62.086% -> 62.09%; IM 95 x 0.99495 + 248 =
  94.52025 + 248 = 342.52025; available -21.00525 -> -21.01.

At any marks, BTC b and ETH e:
- USDT equity 200 + 0.5 (b - 20,000) = 0.5 b - 9,800, its MM 0.004 b (USDT);
- BUSD equity 220 + 20 (e - 600) = 20 e - 11,780, its MM 0.2 e (BUSD).
Single-asset mode: each ratio in the asset's own units. Multi-assets mode: equity = USDT equity x
(buy if >= 0 else sell) + BUSD equity; MM = 0.004 b x sell + 0.2 e.

The shock account (auto-exchange): 2,000 USDT + 30,000 BUSD, long 5 BTCUSDT at 20,000 (20x, 0.8%).
"""
